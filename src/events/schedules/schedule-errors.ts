import { GodwitError } from '../../core/errors.js';

const FORMS =
  'EventBridge accepts rate(1 minute), rate(5 minutes), rate(1 hour), rate(2 days), ' +
  'cron(minutes hours day-of-month month day-of-week year) such as cron(0 12 * * ? *), ' +
  'and (EventBridge Scheduler) at(2026-12-24T18:00:00).';

/** A schedule expression EventBridge would refuse; `why` names the part that is wrong. */
export const badExpression = (expression: string, why: string, hint = FORMS) =>
  new GodwitError('E_SCHEDULE_EXPRESSION', `Schedule expression "${expression}" is not valid: ${why}.`, { hint });

/** A well-formed expression with no moment to fire at after `after`. */
export const neverFires = (expression: string, after: Date, timezone: string) =>
  new GodwitError(
    'E_SCHEDULE_NEVER_FIRES',
    `Schedule expression "${expression}" never fires after ${after.toISOString()} (time zone ${timezone}).`,
    {
      hint:
        'Check the day of month against the month (there is no 30 February), the year range against today, ' +
        'and an at() time against now; a schedule that cannot fire is refused rather than kept silently idle.',
    },
  );

export const badTimezone = (timezone: string) =>
  new GodwitError('E_SCHEDULE_TIMEZONE', `Time zone "${timezone}" is not an IANA time zone this Node.js knows.`, {
    hint: 'Give a name from the IANA database such as UTC, Europe/Paris or America/New_York.',
  });
