/** ShortageNotice rules: resolved notices carry their resolution date, and dates run forward. */
import { type RuleRelease, rulesSince } from './release.js';
import type { RuleReport } from './rule.js';
import { type JsonObject, day, obj } from './values.js';

/** Checks one ShortageNotice. */
export function shortageNoticeRules(document: JsonObject, report: RuleReport, release: RuleRelease): void {
  const dates = obj(document.dates) ?? {};
  if (document.status === 'resolved' && dates.resolvedDate === undefined) {
    report.add(
      'SHORTAGE_RESOLVED_DATE_REQUIRED',
      '/dates/resolvedDate',
      'a resolved shortage must give its resolvedDate',
    );
  }
  const start = day(dates.startDate);
  if (start === undefined) return;
  // 1.1.0: an anticipated shortage can end (be avoided) before its anticipated start; its dates are not
  // out of order. Actual shortages keep the check.
  if (
    rulesSince(release, '1.1.0') &&
    (document.noticeType === 'anticipated' || document.status === 'avoided')
  ) {
    return;
  }
  for (const member of ['resolvedDate', 'expectedResolutionDate']) {
    const when = day(dates[member]);
    if (when !== undefined && when < start) {
      report.add(
        'SHORTAGE_DATE_ORDER',
        `/dates/${member}`,
        `${member} ${when} is before the shortage started (${start})`,
        { [member]: when, startDate: start },
      );
    }
  }
}
