import type { MikroORM } from '@mikro-orm/core';
import type { AbstractSqlDriver } from '@mikro-orm/knex';

/** The ORM type of both dialects. */
export type SqlOrm = MikroORM<AbstractSqlDriver>;

const orms = new WeakMap<object, SqlOrm>();

/** Links a public database handle to its ORM, for the package's own migrate and schema tooling. */
export function registerOrm(handle: object, orm: MikroORM): void {
  orms.set(handle, orm as unknown as SqlOrm);
}

/** The ORM behind a handle returned by `openDatabase`. */
export function ormOf(handle: object): SqlOrm {
  const orm = orms.get(handle);
  if (!orm) throw new Error('not a database handle returned by openDatabase()');
  return orm;
}
