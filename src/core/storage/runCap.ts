/** Runs kept, newest last, in memory and in IndexedDB (the "Previous runs" table says so). Its own module: no idb. */
export const MAX_STORED_RUNS = 20;
