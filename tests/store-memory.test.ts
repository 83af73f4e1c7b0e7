import { MemoryStore } from '../src/store/memory.js';
import { storeContract } from './support/store-contract.js';

storeContract('embedded memory store', async () => ({ store: new MemoryStore(), cleanup: async () => {} }));
