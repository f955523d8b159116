/** One replication with its records written (the task body behind `--records`, on any thread). */
import type { Model } from '../../sim/model.ts';
import { runReplication, type ReplicationResult } from '../../sim/replication.ts';
import type { RecordsTarget } from './layout.ts';
import { RecordWriter } from './writer.ts';

/** Runs the replication with a RecordWriter; if anything fails, its temporary files are removed and the error rethrown. */
export function runRecordedReplication(model: Model, replication: number, target: RecordsTarget): ReplicationResult {
  const made: RecordWriter[] = [];
  try {
    return runReplication(model, replication, null, {
      sink: (center) => {
        const writer = new RecordWriter(center, target, replication);
        made.push(writer);
        return writer;
      },
    });
  } catch (err) {
    for (const w of made) w.abort();
    throw err;
  }
}
