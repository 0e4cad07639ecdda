import type { InferEntity } from '@mikro-orm/core';
import { ChargePointEntity } from '../entities/charge-point.entity.ts';
import { ChargeTagEntity } from '../entities/charge-tag.entity.ts';
import { LocalListStateEntity } from '../entities/local-list-state.entity.ts';
import { LocalListTagEntity } from '../entities/local-list-tag.entity.ts';
import { InvalidInputError, NotFoundError } from '../errors.ts';
import type { SqlEntityManager } from '@mikro-orm/knex';
import type { Session } from '../orm/session.ts';
import { applyLocalListUpdate, localListDiff, localListEntryOf, type LocalListEntry } from './local-list-entries.ts';
import { assertTagId } from './support.ts';

/** What the system knows of a station's local authorization list. */
export interface LocalListState {
  readonly chargePointId: string;
  /** The version the station holds after its last Accepted SendLocalList (0: none sent yet). */
  readonly heldVersion: number;
  /** The entries the station holds according to the updates it accepted. */
  readonly heldEntries: readonly LocalListEntry[];
  /** The highest version ever sent (the next update gets this + 1). */
  readonly lastSentVersion: number;
  readonly lastUpdateType: 'Full' | 'Differential' | null;
  /** The station's answer to the last update: Accepted, Failed, NotSupported, VersionMismatch. */
  readonly lastStatus: string | null;
  readonly lastSentAt: Date | null;
  /** The version the station last reported (GetLocalListVersion); -1: it has no local list. */
  readonly reportedVersion: number | null;
  readonly reportedAt: Date | null;
}

/** A SendLocalList to send: the next version, and the entries of a Full or Differential update. */
export interface LocalListUpdate {
  readonly listVersion: number;
  readonly updateType: 'Full' | 'Differential';
  readonly entries: readonly LocalListEntry[];
}

/** Local authorization lists (OCPP 1.6 Local Auth List Management): the tags per station and what each station holds. */
export interface LocalListRepository {
  /** The ids of the tags on the station's list, sorted. */
  tags(chargePointId: string): Promise<string[]>;
  /** Replaces the tags on the station's list; unknown stations or tags → NotFoundError. */
  setTags(chargePointId: string, tagIds: readonly string[]): Promise<string[]>;
  /** Puts one tag on the lists of several stations (a group of stations) at once. */
  addTagToStations(tagId: string, chargePointIds: readonly string[]): Promise<void>;
  /** The list the station should hold at `now`: its tags with their current idTagInfo. */
  desired(chargePointId: string, now: Date): Promise<LocalListEntry[]>;
  state(chargePointId: string): Promise<LocalListState>;
  /** The next update: version = last sent + 1; Full: every desired entry; Differential: the changes since what the station holds. */
  plan(chargePointId: string, updateType: 'Full' | 'Differential', now: Date): Promise<LocalListUpdate>;
  /** Records the station's answer to `update`; Accepted makes its entries (applied) what the station holds. */
  recordAnswer(chargePointId: string, update: LocalListUpdate, status: string, at: Date): Promise<LocalListState>;
  /** Records the version the station reported (GetLocalListVersion). */
  recordReportedVersion(chargePointId: string, version: number, at: Date): Promise<LocalListState>;
  /**
   * The stations the system keeps in sync by itself: online 1.6 stations whose last update was Accepted (they hold
   * a list the system manages). Whether their list is out of date is {@link plan}'s to say.
   */
  syncCandidates(): Promise<string[]>;
}

type StateRow = InferEntity<typeof LocalListStateEntity>;

function toState(chargePointId: string, row: StateRow | null): LocalListState {
  return {
    chargePointId,
    heldVersion: row?.heldVersion ?? 0,
    heldEntries: row?.heldEntries ?? [],
    lastSentVersion: row?.lastSentVersion ?? 0,
    lastUpdateType: (row?.lastUpdateType as LocalListState['lastUpdateType']) ?? null,
    lastStatus: row?.lastStatus ?? null,
    lastSentAt: row?.lastSentAt ?? null,
    reportedVersion: row?.reportedVersion ?? null,
    reportedAt: row?.reportedAt ?? null,
  };
}

/** Binds the local list repository to a session. */
export function createLocalListRepository(session: Session): LocalListRepository {
  const assignedTags = (em: SqlEntityManager, chargePointId: string) =>
    em.find(LocalListTagEntity, { chargePoint: chargePointId }, { orderBy: { tag: 'asc' } });

  const stateRow = async (em: SqlEntityManager, chargePointId: string, at: Date): Promise<StateRow> => {
    const existing = await em.findOne(LocalListStateEntity, { chargePoint: chargePointId });
    if (existing) return existing;
    if (!(await em.findOne(ChargePointEntity, { id: chargePointId }))) throw new NotFoundError(`charge point "${chargePointId}" does not exist`);
    return em.create(LocalListStateEntity, { chargePoint: chargePointId, heldVersion: 0, heldEntries: [], lastSentVersion: 0, updatedAt: at });
  };

  const repository: LocalListRepository = {
    tags: (chargePointId) => session.read(async (em) => (await assignedTags(em, chargePointId)).map((row) => row.tag as string)),
    setTags: async (chargePointId, tagIds) => {
      const wanted = [...new Set(tagIds)].sort();
      for (const tagId of wanted) assertTagId(tagId);
      await session.write(async (em) => {
        if (!(await em.findOne(ChargePointEntity, { id: chargePointId }))) throw new NotFoundError(`charge point "${chargePointId}" does not exist`);
        const known = new Set((await em.find(ChargeTagEntity, { tagId: { $in: wanted } })).map((tag) => tag.tagId));
        const missing = wanted.filter((tagId) => !known.has(tagId));
        if (missing.length > 0) throw new NotFoundError(`unknown tags: ${missing.join(', ')}`);
        const current = await assignedTags(em, chargePointId);
        const keep = new Set(wanted);
        for (const row of current) if (!keep.has(row.tag as string)) em.remove(row);
        const have = new Set(current.map((row) => row.tag as string));
        const now = new Date();
        for (const tagId of wanted) if (!have.has(tagId)) em.create(LocalListTagEntity, { chargePoint: chargePointId, tag: tagId, createdAt: now });
        await em.flush();
      });
      return wanted;
    },
    addTagToStations: async (tagId, chargePointIds) => {
      assertTagId(tagId);
      if (chargePointIds.length === 0) throw new InvalidInputError('name at least one station');
      await session.write(async (em) => {
        if (!(await em.findOne(ChargeTagEntity, { tagId }))) throw new NotFoundError(`tag "${tagId}" does not exist`);
        const ids = [...new Set(chargePointIds)];
        const stations = new Set((await em.find(ChargePointEntity, { id: { $in: ids } })).map((station) => station.id));
        const missing = ids.filter((id) => !stations.has(id));
        if (missing.length > 0) throw new NotFoundError(`unknown charge points: ${missing.join(', ')}`);
        const have = new Set((await em.find(LocalListTagEntity, { tag: tagId, chargePoint: { $in: ids } })).map((row) => row.chargePoint as string));
        const now = new Date();
        for (const id of ids) if (!have.has(id)) em.create(LocalListTagEntity, { chargePoint: id, tag: tagId, createdAt: now });
        await em.flush();
      });
    },
    desired: (chargePointId, now) =>
      session.read(async (em) => {
        const ids = (await assignedTags(em, chargePointId)).map((row) => row.tag as string);
        if (ids.length === 0) return [];
        const tags = await em.find(ChargeTagEntity, { tagId: { $in: ids } }, { orderBy: { tagId: 'asc' } });
        return tags.map((tag) =>
          localListEntryOf(
            { ...tag, parentTagId: tag.parentTagId ?? null, expiresAt: tag.expiresAt ?? null, tokenType: tag.tokenType ?? null },
            now,
          ),
        );
      }),
    state: (chargePointId) => session.read(async (em) => toState(chargePointId, await em.findOne(LocalListStateEntity, { chargePoint: chargePointId }))),
    plan: async (chargePointId, updateType, now) => {
      const [state, desired] = await Promise.all([repository.state(chargePointId), repository.desired(chargePointId, now)]);
      return {
        listVersion: Math.max(state.lastSentVersion, state.heldVersion, state.reportedVersion ?? 0) + 1,
        updateType,
        entries: updateType === 'Full' ? desired : localListDiff(state.heldEntries, desired),
      };
    },
    recordAnswer: (chargePointId, update, status, at) =>
      session.write(async (em) => {
        const row = await stateRow(em, chargePointId, at);
        row.lastSentVersion = Math.max(row.lastSentVersion, update.listVersion);
        row.lastUpdateType = update.updateType;
        row.lastStatus = status;
        row.lastSentAt = at;
        row.updatedAt = at;
        if (status === 'Accepted') {
          row.heldEntries = applyLocalListUpdate(update.updateType === 'Full' ? [] : row.heldEntries, update.updateType, update.entries);
          row.heldVersion = update.listVersion;
        }
        await em.flush();
        return toState(chargePointId, row);
      }),
    recordReportedVersion: (chargePointId, version, at) =>
      session.write(async (em) => {
        if (!Number.isSafeInteger(version) || version < -1) throw new InvalidInputError(`${version} is not a local list version`);
        const row = await stateRow(em, chargePointId, at);
        row.reportedVersion = version;
        row.reportedAt = at;
        row.updatedAt = at;
        await em.flush();
        return toState(chargePointId, row);
      }),
    syncCandidates: () =>
      session.read(async (em) => {
        const ids = (await em.find(LocalListStateEntity, { lastStatus: 'Accepted' })).map((row) => row.chargePoint as string);
        if (ids.length === 0) return [];
        const stations = await em.find(ChargePointEntity, { id: { $in: ids }, online: true, deletedAt: null }, { orderBy: { id: 'asc' } });
        return stations.filter((station) => station.protocol?.endsWith('1.6')).map((station) => station.id);
      }),
  };
  return repository;
}
