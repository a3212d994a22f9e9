// In development the service worker does nothing, so rebuilt files are always fetched fresh.
self.addEventListener('fetch', () => { });
