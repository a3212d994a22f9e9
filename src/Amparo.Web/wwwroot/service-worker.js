// In development the service worker does nothing, so rebuilt files are always fetched fresh.
self.addEventListener('fetch', () => { });

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
