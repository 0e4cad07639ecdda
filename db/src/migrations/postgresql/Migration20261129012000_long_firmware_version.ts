import { Migration } from '@mikro-orm/migrations';

export class Migration20261129012000_long_firmware_version extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "charge_point" alter column "firmware_version" type varchar(255) using ("firmware_version"::varchar(255));`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "charge_point" alter column "firmware_version" type varchar(50) using ("firmware_version"::varchar(50));`);
  }

}
