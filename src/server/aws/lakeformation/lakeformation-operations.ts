/** The Lake Formation operations Godwit serves, each `POST /<Operation>` (restJson1). */
export const LAKEFORMATION_OPERATIONS = [
  'GrantPermissions',
  'RevokePermissions',
  'BatchGrantPermissions',
  'BatchRevokePermissions',
  'ListPermissions',
  'CreateDataCellsFilter',
  'GetDataCellsFilter',
  'ListDataCellsFilter',
  'UpdateDataCellsFilter',
  'DeleteDataCellsFilter',
  'CreateLFTag',
  'GetLFTag',
  'ListLFTags',
  'AddLFTagsToResource',
  'GetResourceLFTags',
  'RegisterResource',
  'ListResources',
  'DescribeResource',
  'DeregisterResource',
] as const;

export type LakeFormationOperation = (typeof LAKEFORMATION_OPERATIONS)[number];
