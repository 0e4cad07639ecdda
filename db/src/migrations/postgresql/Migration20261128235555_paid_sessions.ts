import { Migration } from '@mikro-orm/migrations';

export class Migration20261128235555_paid_sessions extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "charge_point" add column "usage_fee_from" varchar(20) not null default 'sessionStart';`);

    this.addSql(`alter table "payment" add column "session_id" varchar(64) not null, add column "active_connector" varchar(10) null, add column "released_amount_minor" int null, add column "refunded_amount_minor" int not null default 0, add column "settlement" jsonb null, add column "checkout_url" varchar(2000) null, add column "capture_before" timestamptz null;`);
    this.addSql(`alter table "payment" add constraint "payment_session_unique" unique ("session_id");`);
    this.addSql(`create index "payment_created_index" on "payment" ("created_at");`);
    this.addSql(`alter table "payment" add constraint "payment_active_connector_unique" unique ("charge_point_id", "evse_id", "active_connector");`);

    this.addSql(`alter table "charging_transaction" add column "cost_minor" int null;`);

    this.addSql(`alter table "session_intent" add column "max_energy_wh" int null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "charge_point" drop column "usage_fee_from";`);

    this.addSql(`alter table "charging_transaction" drop column "cost_minor";`);

    this.addSql(`alter table "payment" drop constraint "payment_session_unique";`);
    this.addSql(`drop index "payment_created_index";`);
    this.addSql(`alter table "payment" drop constraint "payment_active_connector_unique";`);
    this.addSql(`alter table "payment" drop column "session_id", drop column "active_connector", drop column "released_amount_minor", drop column "refunded_amount_minor", drop column "settlement", drop column "checkout_url", drop column "capture_before";`);

    this.addSql(`alter table "session_intent" drop column "max_energy_wh";`);
  }

}
