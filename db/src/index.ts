/** MikroORM entities, repositories, migrations and the admin CLI arrive with the persistence issue. */
export {};
