import { defineEntity, p } from '@mikro-orm/core';
import { ChargePointEntity } from './charge-point.entity.ts';

/**
 * One firmware update or diagnostics/log upload asked of a station (`kind`: firmware, signedFirmware, diagnostics,
 * log). Its id is the OCPP `requestId`; `status` is the station's latest notification, `outcome` the job's end
 * (Pending until a final status). An uploaded file lies in the data folder (`uploads/<id>`); `uploadClaimedAt` makes
 * the upload URL single-use.
 */
export const StationFileJobEntity = defineEntity({
  name: 'StationFileJob',
  tableName: 'station_file_job',
  properties: {
    id: p.integer().primary().autoincrement(),
    chargePoint: p.manyToOne(ChargePointEntity).mapToPk().deleteRule('cascade'),
    kind: p.string().length(20),
    firmwareImageId: p.integer().nullable(),
    logType: p.string().length(20).nullable(),
    location: p.string().length(1000),
    answer: p.string().length(255).nullable(),
    status: p.string().length(40),
    outcome: p.string().length(20),
    requestedBy: p.string().length(100).nullable(),
    createdAt: p.datetime(),
    updatedAt: p.datetime(),
    uploadClaimedAt: p.datetime().nullable(),
    uploadName: p.string().length(255).nullable(),
    uploadSize: p.integer().nullable(),
    uploadedAt: p.datetime().nullable(),
  },
  indexes: [{ properties: ['chargePoint', 'kind', 'id'], name: 'station_file_job_station_index' }],
});

/** One status notification of a {@link StationFileJobEntity}, in the order the station sent them. */
export const StationFileJobEventEntity = defineEntity({
  name: 'StationFileJobEvent',
  tableName: 'station_file_job_event',
  properties: {
    id: p.integer().primary().autoincrement(),
    job: p.manyToOne(StationFileJobEntity).mapToPk().deleteRule('cascade').index('station_file_job_event_job_index'),
    status: p.string().length(40),
    at: p.datetime(),
  },
});
