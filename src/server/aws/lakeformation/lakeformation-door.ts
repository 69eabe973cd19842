import type { FrontDoor } from '../../front-door.js';
import { LAKEFORMATION_OPERATIONS } from './lakeformation-operations.js';

/**
 * AWS Lake Formation (restJson1): `POST /GrantPermissions`, `/ListPermissions`,
 * `/CreateDataCellsFilter`, … signed for `lakeformation`, over the governance catalog
 * (`metadata.catalog`, src/governance/catalog). docs/governance.md lists the operations served.
 */
export const lakeformationDoor: FrontDoor = {
  name: 'lakeformation',
  match: { protocol: 'aws-rest', signingName: 'lakeformation', path: new RegExp(`^/(${LAKEFORMATION_OPERATIONS.join('|')})$`) },
  load: async () => (await import('./lakeformation-service.js')).serveLakeFormation,
};
