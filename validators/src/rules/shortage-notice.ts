/** ShortageNotice rules: resolved notices carry their resolution date, and dates run forward. */
import type { RuleReport } from './rule.js';
import { type JsonObject, day, obj } from './values.js';

/** Checks one ShortageNotice. */
export function shortageNoticeRules(document: JsonObject, report: RuleReport): void {
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
