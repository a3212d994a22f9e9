// Web push for the notification settings: the browser's Push API behind three calls Blazor makes.
// The subscription's keys go to the server only; nothing about it is kept in page storage.
window.amparoPush = (() => {
    const supported = () => 'serviceWorker' in navigator && 'PushManager' in window && 'Notification' in window;

    // VAPID public keys travel base64url-encoded; the Push API wants the raw bytes.
    const keyBytes = base64url => {
        const padded = (base64url + '='.repeat((4 - base64url.length % 4) % 4)).replace(/-/g, '+').replace(/_/g, '/');
        return Uint8Array.from(atob(padded), c => c.charCodeAt(0));
    };
    const encode = buffer => btoa(String.fromCharCode(...new Uint8Array(buffer))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

    return {
        // "unsupported", "denied", or the endpoint of this browser's subscription ("" when there is none).
        async state() {
            if (!supported()) return 'unsupported';
            if (Notification.permission === 'denied') return 'denied';
            const registration = await navigator.serviceWorker.ready;
            const subscription = await registration.pushManager.getSubscription();
            return subscription ? subscription.endpoint : '';
        },
        // Subscribes with the server's VAPID key: {endpoint, p256dh, auth}, or {error: "unsupported"|"denied"}.
        async subscribe(vapidPublicKey) {
            if (!supported()) return { error: 'unsupported' };
            if (await Notification.requestPermission() !== 'granted') return { error: 'denied' };
            const registration = await navigator.serviceWorker.ready;
            const subscription = await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(vapidPublicKey) });
            return { endpoint: subscription.endpoint, p256dh: encode(subscription.getKey('p256dh')), auth: encode(subscription.getKey('auth')) };
        },
        // Ends this browser's subscription; its endpoint, so the server can disable it too ("" when there was none).
        async unsubscribe() {
            if (!supported()) return '';
            const registration = await navigator.serviceWorker.ready;
            const subscription = await registration.pushManager.getSubscription();
            if (!subscription) return '';
            const endpoint = subscription.endpoint;
            await subscription.unsubscribe();
            return endpoint;
        },
    };
})();
