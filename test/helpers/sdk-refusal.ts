/** An AWS SDK call's refusal as `"<error name> <HTTP status>"`, or `'no error'` when it succeeded. */
export async function refusal(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'no error';
  } catch (err) {
    const e = err as Error & { $metadata?: { httpStatusCode?: number } };
    return `${e.name} ${e.$metadata?.httpStatusCode}`;
  }
}
