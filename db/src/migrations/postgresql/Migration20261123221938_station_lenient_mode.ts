import { Migration } from '@mikro-orm/migrations';

export class Migration20261123221938_station_lenient_mode extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "charge_point" add column "lenient" boolean not null default false;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "charge_point" drop column "lenient";`);
  }

}
