import fp from 'fastify-plugin'
import type { Database } from '../../db/connect.ts'

declare module 'fastify' {
  interface FastifyInstance {
    db: Database
  }
}

/**
 * Makes the database available to every domain plugin as `app.db`. The connection is opened by the
 * caller (server.ts or a test) so that start-up, migrations and demo loading stay out of request code;
 * the app does not close it either.
 */
export default fp<{ db: Database }>(
  async (app, opts) => {
    app.decorate('db', opts.db)
  },
  { name: 'db' },
)
