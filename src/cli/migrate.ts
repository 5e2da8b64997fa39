import { configFromProcess } from '../config.js';
import { migratePostgres } from '../runtime/database.js';

/** `npm run migrate`: applies schema/ to the PostgreSQL at DATABASE_URL. */
const config = configFromProcess();
if (!config.DATABASE_URL) {
  console.error('DATABASE_URL is not set (the embedded database migrates itself at npm start)');
  process.exit(1);
}
migratePostgres(config.DATABASE_URL)
  .then((applied) => {
    console.log(applied.length ? `applied: ${applied.join(', ')}` : 'schema is current');
  })
  .catch((error: Error) => {
    console.error(error.message);
    process.exit(1);
  });
