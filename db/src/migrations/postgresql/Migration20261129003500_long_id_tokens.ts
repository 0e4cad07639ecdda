import { Migration } from '@mikro-orm/migrations';

export class Migration20261129003500_long_id_tokens extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "charging_transaction" alter column "start_tag" type varchar(255) using ("start_tag"::varchar(255));`);
    this.addSql(`alter table "charging_transaction" alter column "stop_tag" type varchar(255) using ("stop_tag"::varchar(255));`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "charging_transaction" alter column "start_tag" type varchar(36) using ("start_tag"::varchar(36));`);
    this.addSql(`alter table "charging_transaction" alter column "stop_tag" type varchar(36) using ("stop_tag"::varchar(36));`);
  }

}
