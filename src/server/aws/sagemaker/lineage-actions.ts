import type { ServerContext } from '../../server-context.js';
import type { JsonService } from '../json-protocol.js';
import {
  createAction,
  createArtifact,
  createContext,
  deleteAction,
  deleteArtifact,
  deleteContext,
  describeAction,
  describeArtifact,
  describeContext,
  listActions,
  listArtifacts,
  listContexts,
  updateAction,
  updateArtifact,
  updateContext,
} from './lineage-entities.js';
import { addAssociation, deleteAssociation, listAssociations, queryLineage } from './lineage-queries.js';

/** SageMaker ML Lineage Tracking's actions (docs/sagemaker-lineage-api.md), over `metadata.lineage`. */
export function lineageActions(): JsonService<ServerContext>['actions'] {
  return {
    QueryLineage: queryLineage,
    ListAssociations: listAssociations,
    AddAssociation: addAssociation,
    DeleteAssociation: deleteAssociation,
    CreateArtifact: createArtifact,
    DescribeArtifact: describeArtifact,
    ListArtifacts: listArtifacts,
    UpdateArtifact: updateArtifact,
    DeleteArtifact: deleteArtifact,
    CreateAction: createAction,
    DescribeAction: describeAction,
    ListActions: listActions,
    UpdateAction: updateAction,
    DeleteAction: deleteAction,
    CreateContext: createContext,
    DescribeContext: describeContext,
    ListContexts: listContexts,
    UpdateContext: updateContext,
    DeleteContext: deleteContext,
  };
}
