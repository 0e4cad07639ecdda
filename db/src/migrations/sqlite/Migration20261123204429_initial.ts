import { Migration } from '@mikro-orm/migrations';

export class Migration20261123204429_initial extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`charge_point\` (\`id\` text not null, \`name\` text not null, \`comment\` text null, \`basic_auth_password_hash\` text null, \`client_cert_thumbprint\` text null, \`security_profile\` integer not null default 0, \`vendor\` text null, \`model\` text null, \`charge_point_serial_number\` text null, \`charge_box_serial_number\` text null, \`firmware_version\` text null, \`iccid\` text null, \`imsi\` text null, \`meter_type\` text null, \`meter_serial_number\` text null, \`boot_reason\` text null, \`booted_at\` datetime null, \`protocol\` text null, \`online\` integer not null default false, \`node_id\` text null, \`connection_epoch\` integer not null default 0, \`connected_at\` datetime null, \`last_seen_at\` datetime null, \`heartbeat_interval\` integer not null default 300, \`currency\` text not null default 'EUR', \`price_per_mwh_minor\` integer not null default 0, \`max_energy_wh\` integer null, \`session_fee_minor\` integer not null default 0, \`usage_fee_per_minute_minor\` integer not null default 0, \`free_minutes\` integer not null default 0, \`max_billable_minutes\` integer null, \`free_charging\` integer not null default false, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`deleted_at\` datetime null, primary key (\`id\`));`);

    this.addSql(`create table \`charge_tag\` (\`tag_id\` text not null, \`name\` text not null, \`parent_tag_id\` text null, \`expires_at\` datetime null, \`blocked\` integer not null default false, \`token_type\` text null, \`created_at\` datetime not null, \`updated_at\` datetime not null, primary key (\`tag_id\`));`);
    this.addSql(`create index \`charge_tag_parent_index\` on \`charge_tag\` (\`parent_tag_id\`);`);

    this.addSql(`create table \`connector\` (\`id\` integer not null primary key autoincrement, \`charge_point_id\` text not null, \`evse_id\` integer not null, \`connector_id\` integer not null default 1, \`name\` text null, \`ocpp_status\` text null, \`status\` text not null default 'Unknown', \`error_code\` text null, \`status_info\` text null, \`status_at\` datetime null, \`meter_wh\` integer null, \`meter_at\` datetime null, \`power_w\` integer null, \`power_at\` datetime null, \`soc\` integer null, \`soc_at\` datetime null, constraint \`connector_charge_point_id_foreign\` foreign key(\`charge_point_id\`) references \`charge_point\`(\`id\`) on delete cascade on update cascade);`);
    this.addSql(`create index \`connector_charge_point_id_index\` on \`connector\` (\`charge_point_id\`);`);
    this.addSql(`create unique index \`connector_station_evse_unique\` on \`connector\` (\`charge_point_id\`, \`evse_id\`, \`connector_id\`);`);

    this.addSql(`create table \`message_log\` (\`id\` integer not null primary key autoincrement, \`logged_at\` datetime not null, \`charge_point_id\` text not null, \`direction\` text not null, \`message_type\` text not null, \`action\` text null, \`unique_id\` text null, \`payload\` text null, \`error_code\` text null);`);
    this.addSql(`create index \`message_log_station_time_index\` on \`message_log\` (\`charge_point_id\`, \`logged_at\`);`);
    this.addSql(`create index \`message_log_time_index\` on \`message_log\` (\`logged_at\`);`);

    this.addSql(`create table \`outbox_event\` (\`id\` integer not null primary key autoincrement, \`workflow_id\` text not null, \`seq\` integer not null, \`type\` text not null, \`payload\` json not null, \`created_at\` datetime not null, \`delivered_at\` datetime null, \`attempts\` integer not null default 0, \`last_error\` text null, \`next_attempt_at\` datetime not null);`);
    this.addSql(`create index \`outbox_event_pending_index\` on \`outbox_event\` (\`delivered_at\`, \`next_attempt_at\`);`);
    this.addSql(`create unique index \`outbox_event_workflow_seq_unique\` on \`outbox_event\` (\`workflow_id\`, \`seq\`);`);

    this.addSql(`create table \`outbox_sequence\` (\`workflow_id\` text not null, \`last_seq\` integer not null, primary key (\`workflow_id\`));`);

    this.addSql(`create table \`payment\` (\`id\` integer not null primary key autoincrement, \`workflow_id\` text not null, \`charge_point_id\` text not null, \`evse_id\` integer not null, \`checkout_session_id\` text null, \`payment_intent_id\` text null, \`currency\` text not null, \`hold_amount_minor\` integer not null, \`captured_amount_minor\` integer null, \`status\` text not null, \`pricing\` json not null, \`failure_code\` text null, \`failure_message\` text null, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`authorized_at\` datetime null, \`settled_at\` datetime null, constraint \`payment_charge_point_id_foreign\` foreign key(\`charge_point_id\`) references \`charge_point\`(\`id\`) on update cascade);`);
    this.addSql(`create unique index \`payment_workflow_unique\` on \`payment\` (\`workflow_id\`);`);
    this.addSql(`create index \`payment_charge_point_id_index\` on \`payment\` (\`charge_point_id\`);`);
    this.addSql(`create unique index \`payment_checkout_session_unique\` on \`payment\` (\`checkout_session_id\`);`);
    this.addSql(`create index \`payment_intent_index\` on \`payment\` (\`payment_intent_id\`);`);

    this.addSql(`create table \`stripe_webhook_event\` (\`event_id\` text not null, \`type\` text not null, \`received_at\` datetime not null, \`processed_at\` datetime null, primary key (\`event_id\`));`);

    this.addSql(`create table \`charging_transaction\` (\`id\` integer not null primary key autoincrement, \`external_id\` text null, \`start_key\` text not null, \`charge_point_id\` text not null, \`evse_id\` integer not null, \`connector_id\` integer not null default 1, \`start_tag\` text null, \`started_at\` datetime not null, \`meter_start_wh\` integer not null, \`start_reason\` text null, \`stop_tag\` text null, \`stopped_at\` datetime null, \`meter_stop_wh\` integer null, \`stop_reason\` text null, \`energy_wh\` integer null, \`last_meter_wh\` integer null, \`last_meter_at\` datetime null, \`max_energy_wh\` integer null, \`status\` text not null, \`data_issue\` text null, \`workflow_id\` text null, \`remote_start_id\` integer null, \`payment_id\` integer null, \`created_at\` datetime not null, \`updated_at\` datetime not null, constraint \`charging_transaction_charge_point_id_foreign\` foreign key(\`charge_point_id\`) references \`charge_point\`(\`id\`) on update cascade, constraint \`charging_transaction_payment_id_foreign\` foreign key(\`payment_id\`) references \`payment\`(\`id\`) on delete set null on update cascade);`);
    this.addSql(`create index \`charging_transaction_charge_point_id_index\` on \`charging_transaction\` (\`charge_point_id\`);`);
    this.addSql(`create index \`charging_transaction_payment_id_index\` on \`charging_transaction\` (\`payment_id\`);`);
    this.addSql(`create index \`transaction_connector_latest_index\` on \`charging_transaction\` (\`charge_point_id\`, \`evse_id\`, \`id\`);`);
    this.addSql(`create index \`transaction_station_time_index\` on \`charging_transaction\` (\`charge_point_id\`, \`started_at\`);`);
    this.addSql(`create index \`transaction_started_index\` on \`charging_transaction\` (\`started_at\`);`);
    this.addSql(`create index \`transaction_status_index\` on \`charging_transaction\` (\`status\`, \`charge_point_id\`);`);
    this.addSql(`create index \`transaction_external_id_index\` on \`charging_transaction\` (\`charge_point_id\`, \`external_id\`);`);
    this.addSql(`create unique index \`transaction_start_key_unique\` on \`charging_transaction\` (\`charge_point_id\`, \`start_key\`);`);

    this.addSql(`create table \`session_intent\` (\`id\` integer not null primary key autoincrement, \`charge_point_id\` text not null, \`evse_id\` integer not null, \`id_tag\` text not null, \`remote_start_id\` integer null, \`deadline\` datetime not null, \`workflow_id\` text not null, \`state\` text not null, \`transaction_id\` integer null, \`created_at\` datetime not null, \`updated_at\` datetime not null, constraint \`session_intent_charge_point_id_foreign\` foreign key(\`charge_point_id\`) references \`charge_point\`(\`id\`) on delete cascade on update cascade, constraint \`session_intent_transaction_id_foreign\` foreign key(\`transaction_id\`) references \`charging_transaction\`(\`id\`) on delete set null on update cascade);`);
    this.addSql(`create index \`session_intent_charge_point_id_index\` on \`session_intent\` (\`charge_point_id\`);`);
    this.addSql(`create unique index \`session_intent_workflow_unique\` on \`session_intent\` (\`workflow_id\`);`);
    this.addSql(`create index \`session_intent_transaction_id_index\` on \`session_intent\` (\`transaction_id\`);`);
    this.addSql(`create index \`session_intent_station_state_index\` on \`session_intent\` (\`charge_point_id\`, \`state\`);`);

    this.addSql(`create table \`meter_sample\` (\`id\` integer not null primary key autoincrement, \`charge_point_id\` text not null, \`transaction_id\` integer null, \`evse_id\` integer not null, \`sampled_at\` datetime not null, \`measurand\` text not null, \`phase\` text null, \`location\` text null, \`context\` text null, \`value\` double not null, \`unit\` text null, constraint \`meter_sample_charge_point_id_foreign\` foreign key(\`charge_point_id\`) references \`charge_point\`(\`id\`) on delete cascade on update cascade, constraint \`meter_sample_transaction_id_foreign\` foreign key(\`transaction_id\`) references \`charging_transaction\`(\`id\`) on delete cascade on update cascade);`);
    this.addSql(`create index \`meter_sample_charge_point_id_index\` on \`meter_sample\` (\`charge_point_id\`);`);
    this.addSql(`create index \`meter_sample_transaction_id_index\` on \`meter_sample\` (\`transaction_id\`);`);
    this.addSql(`create index \`meter_sample_transaction_time_index\` on \`meter_sample\` (\`transaction_id\`, \`sampled_at\`);`);
    this.addSql(`create index \`meter_sample_time_index\` on \`meter_sample\` (\`sampled_at\`);`);

    this.addSql(`create table \`app_user\` (\`id\` integer not null primary key autoincrement, \`username\` text not null, \`password_hash\` text not null, \`role\` text not null, \`language\` text not null default 'en', \`last_login_at\` datetime null, \`created_at\` datetime not null, \`updated_at\` datetime not null);`);
    this.addSql(`create unique index \`app_user_username_unique\` on \`app_user\` (\`username\`);`);

    this.addSql(`create table \`api_token\` (\`id\` integer not null primary key autoincrement, \`user_id\` integer not null, \`name\` text not null, \`token_hash\` text not null, \`created_at\` datetime not null, \`last_used_at\` datetime null, constraint \`api_token_user_id_foreign\` foreign key(\`user_id\`) references \`app_user\`(\`id\`) on delete cascade on update cascade);`);
    this.addSql(`create index \`api_token_user_id_index\` on \`api_token\` (\`user_id\`);`);
    this.addSql(`create unique index \`api_token_hash_unique\` on \`api_token\` (\`token_hash\`);`);
  }

}
