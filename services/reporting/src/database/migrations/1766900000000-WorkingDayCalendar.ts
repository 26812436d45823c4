import type { MigrationInterface, QueryRunner } from 'typeorm';
import { migrationSchema } from '@slrt/persistence';

/**
 * Working-day calendars for durations counted in SQL (issue 13): one `rpt_calendar` row per holiday
 * set (its hash), and per calendar one `rpt_working_day` row per local day (day number since
 * 1970-01-01): whether it is a working day, the working days before it, and the working days before
 * the day 7400 days later (`workingDaysBetween`'s 20-year bound). Filled by the service
 * (`WorkingDayCalendar`), not read-model data: a rebuild leaves it alone.
 */
export class WorkingDayCalendar1766900000000 implements MigrationInterface {
  name = 'WorkingDayCalendar1766900000000';

  async up(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(`
      CREATE TABLE "${s}".rpt_calendar (
        calendar_id serial PRIMARY KEY,
        hash text NOT NULL UNIQUE,
        filled_at timestamptz NOT NULL,
        used_at timestamptz NOT NULL
      )`);
    await q.query(`
      CREATE TABLE "${s}".rpt_working_day (
        calendar_id integer NOT NULL REFERENCES "${s}".rpt_calendar (calendar_id) ON DELETE CASCADE,
        day integer NOT NULL,
        working boolean NOT NULL,
        before integer NOT NULL,
        before_bound integer NOT NULL,
        PRIMARY KEY (calendar_id, day)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(`DROP TABLE IF EXISTS "${s}".rpt_working_day`);
    await q.query(`DROP TABLE IF EXISTS "${s}".rpt_calendar`);
  }
}
