/**
 * Schedule kinds and weekdays as the sidebar offers them. src/core/schedule.ts parses schedules and
 * computes when a report is due.
 */

export type ScheduleKind = 'hour' | 'day' | 'week' | 'month';

export interface ScheduleKindDef {
  id: ScheduleKind;
  label: string;
  help: string;
}

export const SCHEDULE_KINDS: readonly ScheduleKindDef[] = [
  {
    id: 'hour',
    label: 'Every hour',
    help: 'At the start of every hour (23 runs on a spring-forward day, 25 on a fall-back day)',
  },
  {
    id: 'day',
    label: 'Every day',
    help: 'Once a day at the chosen hour; an hour skipped by a clock change runs right after it, a repeated hour runs once',
  },
  { id: 'week', label: 'Every week', help: 'Once a week on the chosen weekday and hour' },
  {
    id: 'month',
    label: 'Every month',
    help: 'Once a month on the chosen day and hour; days 29–31 run on the last day of shorter months',
  },
];

export const SCHEDULE_KIND_IDS: readonly ScheduleKind[] = SCHEDULE_KINDS.map((k) => k.id);

export interface WeekdayDef {
  /** 1 = Monday … 7 = Sunday. */
  value: number;
  short: string;
  label: string;
}

export const WEEKDAYS: readonly WeekdayDef[] = [
  { value: 1, short: 'Mon', label: 'Monday' },
  { value: 2, short: 'Tue', label: 'Tuesday' },
  { value: 3, short: 'Wed', label: 'Wednesday' },
  { value: 4, short: 'Thu', label: 'Thursday' },
  { value: 5, short: 'Fri', label: 'Friday' },
  { value: 6, short: 'Sat', label: 'Saturday' },
  { value: 7, short: 'Sun', label: 'Sunday' },
];
