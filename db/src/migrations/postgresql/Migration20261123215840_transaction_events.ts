import { Migration } from '@mikro-orm/migrations';

export class Migration20261123215840_transaction_events extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "transaction_event" ("id" serial primary key, "transaction_id" int not null, "seq_no" int not null, "event_type" varchar(10) not null, "trigger_reason" varchar(50) null, "occurred_at" timestamptz not null, "offline" boolean not null default false, "received_at" timestamptz not null);`);
    this.addSql(`alter table "transaction_event" add constraint "transaction_event_seq_unique" unique ("transaction_id", "seq_no");`);

    this.addSql(`alter table "transaction_event" add constraint "transaction_event_transaction_id_foreign" foreign key ("transaction_id") references "charging_transaction" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "charging_transaction" add column "meter_start_pending" boolean not null default false;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "transaction_event" cascade;`);

    this.addSql(`alter table "charging_transaction" drop column "meter_start_pending";`);
  }

}
