// Amparo's app-shell cache. Nothing is pre-downloaded at install (that would double a caseworker's first
// download); files are cached as the app fetches them, so the next start works without a network.
// API calls are never cached here: record data offline is the client store's job, encrypted.
self.importScripts('./service-worker-assets.js');
const cacheName = 'amparo-shell-' + self.assetsManifest.version;
const known = new Set(self.assetsManifest.assets.map(a => new URL(a.url, self.location.origin).pathname));

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', event => event.waitUntil((async () => {
    for (const key of await caches.keys()) {
        if (key.startsWith('amparo-shell-') && key !== cacheName) await caches.delete(key);
    }
    await self.clients.claim();
})()));

self.addEventListener('fetch', event => {
    const request = event.request;
    if (request.method !== 'GET') return;
    const url = new URL(request.url);
    if (url.origin !== self.location.origin || url.pathname.startsWith('/api/') || url.pathname.startsWith('/health')) return;
    const isNavigation = request.mode === 'navigate';
    if (!isNavigation && !known.has(url.pathname)) return;
    event.respondWith((async () => {
        const cache = await caches.open(cacheName);
        const key = isNavigation ? '/index.html' : request;
        try {
            // Network first: an online user always gets the current version.
            const response = await fetch(isNavigation ? '/index.html' : request);
            if (response.ok) await cache.put(key, response.clone());
            return response;
        } catch (e) {
            const cached = await cache.match(key);
            if (cached) return cached;
            throw e;
        }
    })());
});

// Web push: the server sends {title, body, link, kind} and no case content; a click opens the link in the app.
self.addEventListener('push', event => {
    let message = {};
    try { message = event.data ? event.data.json() : {}; } catch { message = { body: event.data ? event.data.text() : '' }; }
    event.waitUntil(self.registration.showNotification(message.title || 'Amparo', {
        body: message.body || '', icon: 'icon-192.png', data: { link: message.link || './' }, tag: message.kind,
    }));
});
self.addEventListener('notificationclick', event => {
    event.notification.close();
    event.waitUntil(self.clients.openWindow(event.notification.data && event.notification.data.link || './'));
});
