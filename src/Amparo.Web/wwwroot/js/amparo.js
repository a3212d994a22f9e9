// Small browser helpers for the Blazor client. No inline scripts: the CSP forbids them.
window.amparo = {
    // The CSRF token the server put in a readable cookie; writes echo it in X-CSRF-Token.
    csrfToken: function () {
        const match = document.cookie.split('; ').find(c => c.startsWith('CSRF-TOKEN='));
        return match ? decodeURIComponent(match.substring('CSRF-TOKEN='.length)) : '';
    },
    setDocumentLanguage: function (lang, dir) {
        document.documentElement.lang = lang;
        document.documentElement.dir = dir;
    },
    storageGet: function (key) { return window.localStorage.getItem(key); },
    storageSet: function (key, value) { window.localStorage.setItem(key, value); }
};
if ('serviceWorker' in navigator) {
    navigator.serviceWorker.register('service-worker.js', { updateViaCache: 'none' });
}
