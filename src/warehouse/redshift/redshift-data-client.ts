/**
 * The Redshift Data API through the official SDK (`@aws-sdk/client-redshift-data`, loaded on the
 * first statement): ExecuteStatement with the SQL as written and its named parameters as
 * `Parameters`, DescribeStatement polled until FINISHED, FAILED or ABORTED, GetStatementResult
 * read page by page. Credentials come from the SDK's standard chain (environment, shared files,
 * instance roles), never from Godwit's configuration.
 */
import type {
  ColumnMetadata,
  DescribeStatementCommandOutput,
  Field,
  RedshiftDataClient,
  SqlParameter,
} from '@aws-sdk/client-redshift-data';
import { GodwitError } from '../../core/errors.js';
import { unreachableCode } from '../../core/network-errors.js';

/** Where statements go: a provisioned cluster or a Serverless workgroup, and who runs them. */
export interface DataApiTarget {
  readonly database: string;
  readonly clusterIdentifier?: string;
  readonly workgroupName?: string;
  readonly secretArn?: string;
  readonly dbUser?: string;
  readonly region?: string;
  /** Another endpoint for the Data API (a VPC endpoint, or a local stand-in in tests). */
  readonly endpoint?: string;
}

export interface Finished {
  readonly id: string;
  readonly description: DescribeStatementCommandOutput;
}

export interface ResultPage {
  readonly columns: readonly ColumnMetadata[];
  readonly records: readonly (readonly Field[])[];
}

const FIRST_POLL_MS = 20;
const MAX_POLL_MS = 1000;

export class RedshiftDataClientWrapper {
  private client?: Promise<{ sdk: typeof import('@aws-sdk/client-redshift-data'); client: RedshiftDataClient }>;

  constructor(
    private readonly target: DataApiTarget,
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  /** Runs one statement to its end; FAILED or ABORTED is E_SQL with Redshift's error text. */
  async execute(sql: string, parameters: SqlParameter[]): Promise<Finished> {
    const { sdk, client } = await this.connect();
    const started = await this.call(() =>
      client.send(
        new sdk.ExecuteStatementCommand({
          Sql: sql,
          Database: this.target.database,
          ...this.where(),
          ...(parameters.length > 0 ? { Parameters: parameters } : {}),
        }),
      ),
    );
    return this.wait(started.Id ?? '');
  }

  /** Several statements in one transaction (BatchExecuteStatement takes no parameters). */
  async batch(sqls: readonly string[]): Promise<Finished> {
    const { sdk, client } = await this.connect();
    const started = await this.call(() =>
      client.send(new sdk.BatchExecuteStatementCommand({ Sqls: [...sqls], Database: this.target.database, ...this.where() })),
    );
    return this.wait(started.Id ?? '');
  }

  /** The result set of a finished statement, one page at a time. */
  async *pages(id: string): AsyncIterable<ResultPage> {
    const { sdk, client } = await this.connect();
    let token: string | undefined;
    let columns: ColumnMetadata[] = [];
    do {
      const page = await this.call(() =>
        client.send(new sdk.GetStatementResultCommand({ Id: id, ...(token ? { NextToken: token } : {}) })),
      );
      if (page.ColumnMetadata) columns = page.ColumnMetadata;
      yield { columns, records: page.Records ?? [] };
      token = page.NextToken;
    } while (token);
  }

  close(): void {
    const client = this.client;
    this.client = undefined;
    void client?.then((c) => c.client.destroy()).catch(() => {});
  }

  private async wait(id: string): Promise<Finished> {
    const { sdk, client } = await this.connect();
    for (let delay = FIRST_POLL_MS; ; delay = Math.min(delay * 2, MAX_POLL_MS)) {
      const description = await this.call(() => client.send(new sdk.DescribeStatementCommand({ Id: id })));
      if (description.Status === 'FINISHED') return { id, description };
      if (description.Status === 'FAILED' || description.Status === 'ABORTED') {
        throw new GodwitError(
          'E_SQL',
          `Redshift ${description.Status === 'FAILED' ? 'failed' : 'aborted'} statement ${id}: ${description.Error ?? 'no error text'}.`,
          {
            hint: 'Fix the SQL (it was sent as written); DescribeStatement with this id shows the details.',
          },
        );
      }
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }

  /** One SDK call; what the network or AWS says becomes a coded error naming the endpoint. */
  private async call<T>(send: () => Promise<T>): Promise<T> {
    try {
      return await send();
    } catch (err) {
      throw dataApiError(err, this.describe());
    }
  }

  /** `cluster c, database d (endpoint)` for messages. */
  private describe(): string {
    const t = this.target;
    const where = t.workgroupName ? `workgroup ${t.workgroupName}` : `cluster ${t.clusterIdentifier}`;
    return `${where}, database ${t.database}${t.endpoint ? ` at ${t.endpoint}` : ''}`;
  }

  private where(): Record<string, string> {
    const t = this.target;
    return Object.fromEntries(
      Object.entries({
        ClusterIdentifier: t.clusterIdentifier,
        WorkgroupName: t.workgroupName,
        SecretArn: t.secretArn,
        DbUser: t.dbUser,
      }).filter(([, v]) => v !== undefined),
    ) as Record<string, string>;
  }

  private connect() {
    this.client ??= import('@aws-sdk/client-redshift-data').then((sdk) => ({
      sdk,
      client: new sdk.RedshiftDataClient({
        region: this.target.region ?? this.env.AWS_REGION ?? this.env.AWS_DEFAULT_REGION ?? 'us-east-1',
        ...(this.target.endpoint ? { endpoint: this.target.endpoint } : {}),
      }),
    }));
    return this.client;
  }
}

const AUTH = new Set([
  'UnrecognizedClientException',
  'InvalidSignatureException',
  'AccessDeniedException',
  'ExpiredTokenException',
  'CredentialsProviderError',
]);

function dataApiError(err: unknown, where: string): GodwitError {
  if (err instanceof GodwitError) return err;
  const e = err as { name?: string; message?: string };
  const name = e?.name ?? '';
  const detail = String(e?.message ?? err);
  const down = unreachableCode(err) ?? unreachableCode({ code: name });
  if (down) {
    return new GodwitError('E_WAREHOUSE_UNREACHABLE', `Cannot reach the Redshift Data API for ${where} (${down}).`, {
      hint: 'Check the network, the region and the endpoint setting of the warehouse.',
    });
  }
  if (AUTH.has(name)) {
    return new GodwitError('E_WAREHOUSE_AUTH', `The Redshift Data API refused the credentials for ${where}: ${detail}`, {
      hint: 'Set AWS credentials (AWS_PROFILE, AWS_ACCESS_KEY_ID…) allowed to call redshift-data, and a secretArn or dbUser for the database.',
    });
  }
  if (name === 'ResourceNotFoundException') {
    return new GodwitError('E_WAREHOUSE_CONFIG', `The Redshift Data API found no such resource for ${where}: ${detail}`, {
      hint: 'Check clusterIdentifier or workgroupName, database and secretArn in the warehouse configuration.',
    });
  }
  if (name === 'ValidationException' || name === 'ExecuteStatementException' || name === 'BatchExecuteStatementException') {
    return new GodwitError('E_SQL', `The Redshift Data API rejected the statement for ${where}: ${detail}`, {
      hint: 'Fix the statement or its parameters; they were sent as written.',
    });
  }
  return new GodwitError('E_INTERNAL', `Redshift Data API call for ${where} failed: ${name ? `${name}: ` : ''}${detail}`);
}
