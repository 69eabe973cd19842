/**
 * A model card: SageMaker Model Cards' content, in the model card JSON schema's own snake_case
 * keys (the API passes it as a JSON string, `ModelCard.ModelCardContent`), so a card written for
 * SageMaker is read here unchanged and the other way round. Godwit fills `training_details` and
 * `evaluation_details` from the version's run and metrics when the author left them out.
 */
export type ModelCardStatus = 'Draft' | 'PendingReview' | 'Approved' | 'Archived';
export const MODEL_CARD_STATUSES: readonly ModelCardStatus[] = ['Draft', 'PendingReview', 'Approved', 'Archived'];

export type RiskRating = 'High' | 'Medium' | 'Low' | 'Unknown';

export interface ModelCard {
  readonly status: ModelCardStatus;
  readonly content: ModelCardContent;
}

export interface ModelCardContent {
  readonly model_overview?: {
    readonly model_description?: string;
    readonly model_creator?: string;
    readonly model_artifact?: readonly string[];
    readonly algorithm_type?: string;
    readonly problem_type?: string;
    readonly model_owner?: string;
    readonly [key: string]: unknown;
  };
  readonly intended_uses?: {
    readonly purpose_of_model?: string;
    readonly intended_uses?: string;
    readonly factors_affecting_model_efficiency?: string;
    readonly risk_rating?: RiskRating;
    readonly explanations_for_risk_rating?: string;
  };
  readonly business_details?: {
    readonly business_problem?: string;
    readonly business_stakeholders?: string;
    readonly line_of_business?: string;
  };
  readonly training_details?: {
    readonly objective_function?: unknown;
    readonly training_observations?: string;
    readonly training_job_details?: {
      readonly training_arn?: string;
      readonly training_datasets?: readonly string[];
      readonly training_environment?: { readonly container_image?: readonly string[] };
      readonly training_metrics?: readonly { readonly name: string; readonly value: number; readonly notes?: string }[];
      readonly user_provided_training_metrics?: readonly {
        readonly name: string;
        readonly value: number;
        readonly notes?: string;
      }[];
      readonly hyper_parameters?: readonly { readonly name: string; readonly value: string }[];
      readonly user_provided_hyper_parameters?: readonly { readonly name: string; readonly value: string }[];
    };
  };
  readonly evaluation_details?: readonly {
    readonly name: string;
    readonly evaluation_observation?: string;
    readonly evaluation_job_arn?: string;
    readonly datasets?: readonly string[];
    readonly metadata?: Readonly<Record<string, unknown>>;
    readonly metric_groups?: readonly {
      readonly name: string;
      readonly metric_data: readonly {
        readonly name: string;
        readonly type: string;
        readonly value: unknown;
        readonly notes?: string;
      }[];
    }[];
  }[];
  readonly additional_information?: {
    readonly ethical_considerations?: string;
    readonly caveats_and_recommendations?: string;
    readonly custom_details?: Readonly<Record<string, string>>;
  };
}
