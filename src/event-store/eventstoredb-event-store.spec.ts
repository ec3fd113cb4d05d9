import { describeEventStoreContract } from '../../test/contract/event-store.contract.js';
import { EventStoreDbEventStore } from './eventstoredb-event-store.js';

const url = process.env.EVENTSTORE_URL;

if (url) {
  describeEventStoreContract('EventStoreDB', async () => new EventStoreDbEventStore(url));
} else {
  console.info(
    'EventStoreDB contract suite skipped: set EVENTSTORE_URL=esdb://host:2113?tls=false to run it against a server',
  );
  describe('EventStore contract: EventStoreDB', () => {
    it.skip('skipped: set EVENTSTORE_URL=esdb://host:2113?tls=false to run the contract suite against EventStoreDB', () => {});
  });
}

describe('EventStoreDbEventStore without a server', () => {
  it('rejects ping quickly when nothing listens', async () => {
    const store = new EventStoreDbEventStore('esdb://127.0.0.1:1?tls=false');
    try {
      const started = Date.now();
      await expect(store.ping()).rejects.toThrow();
      expect(Date.now() - started).toBeLessThan(5000);
    } finally {
      await store.close();
    }
  });
});
