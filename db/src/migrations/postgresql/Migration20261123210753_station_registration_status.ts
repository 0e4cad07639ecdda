import { Migration } from '@mikro-orm/migrations';

export class Migration20261123210753_station_registration_status extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "charge_point" add column "registration_status" varchar(20) not null default 'Accepted';`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "charge_point" drop column "registration_status";`);
  }

}
