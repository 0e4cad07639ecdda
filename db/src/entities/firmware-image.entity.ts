import { defineEntity, p } from '@mikro-orm/core';

/**
 * A firmware image an administrator uploaded, offered to stations by UpdateFirmware / SignedUpdateFirmware. The file
 * itself lies in the data folder (`firmware/<id>.bin`); the row says what it is and who put it there.
 */
export const FirmwareImageEntity = defineEntity({
  name: 'FirmwareImage',
  tableName: 'firmware_image',
  properties: {
    id: p.integer().primary().autoincrement(),
    name: p.string().length(200),
    version: p.string().length(100),
    size: p.integer(),
    sha256: p.string().length(64),
    uploadedBy: p.string().length(100).nullable(),
    uploadedAt: p.datetime(),
  },
});
