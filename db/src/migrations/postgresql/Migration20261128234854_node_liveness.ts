import { Migration } from '@mikro-orm/migrations';

export class Migration20261128234854_node_liveness extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "gateway_node" ("node_id" varchar(100) not null, "started_at" timestamptz not null, "renewed_at" timestamptz not null, "lease_expires_at" timestamptz not null, "expired_at" timestamptz null, "stopped_at" timestamptz null, constraint "gateway_node_pkey" primary key ("node_id"));`);

    this.addSql(`alter table "charge_point" add column "offline_reason" varchar(200) null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "gateway_node" cascade;`);

    this.addSql(`alter table "charge_point" drop column "offline_reason";`);
  }

}
