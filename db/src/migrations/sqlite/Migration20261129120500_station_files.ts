import { Migration } from '@mikro-orm/migrations';

export class Migration20261129120500_station_files extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`firmware_image\` (\`id\` integer not null primary key autoincrement, \`name\` text not null, \`version\` text not null, \`size\` integer not null, \`sha256\` text not null, \`uploaded_by\` text null, \`uploaded_at\` datetime not null);`);
    this.addSql(`create table \`station_file_job\` (\`id\` integer not null primary key autoincrement, \`charge_point_id\` text not null, \`kind\` text not null, \`firmware_image_id\` integer null, \`log_type\` text null, \`location\` text not null, \`answer\` text null, \`status\` text not null, \`outcome\` text not null, \`requested_by\` text null, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`upload_claimed_at\` datetime null, \`upload_name\` text null, \`upload_size\` integer null, \`uploaded_at\` datetime null, constraint \`station_file_job_charge_point_id_foreign\` foreign key(\`charge_point_id\`) references \`charge_point\`(\`id\`) on delete cascade on update cascade);`);
    this.addSql(`create index \`station_file_job_charge_point_id_index\` on \`station_file_job\` (\`charge_point_id\`);`);
    this.addSql(`create index \`station_file_job_station_index\` on \`station_file_job\` (\`charge_point_id\`, \`kind\`, \`id\`);`);
    this.addSql(`create table \`station_file_job_event\` (\`id\` integer not null primary key autoincrement, \`job_id\` integer not null, \`status\` text not null, \`at\` datetime not null, constraint \`station_file_job_event_job_id_foreign\` foreign key(\`job_id\`) references \`station_file_job\`(\`id\`) on delete cascade on update cascade);`);
    this.addSql(`create index \`station_file_job_event_job_index\` on \`station_file_job_event\` (\`job_id\`);`);
  }

}
