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
    storageSet: function (key, value) { window.localStorage.setItem(key, value); },
    // Hands a file the client already fetched (with the session) to the browser's download, without a second request.
    saveFile: function (fileName, contentType, base64) {
        const bytes = Uint8Array.from(atob(base64), c => c.charCodeAt(0));
        const url = URL.createObjectURL(new Blob([bytes], { type: contentType }));
        const a = document.createElement('a');
        a.href = url; a.download = fileName; document.body.appendChild(a); a.click(); a.remove();
        setTimeout(() => URL.revokeObjectURL(url), 10000);
    },
    // WebAuthn: the server's options arrive as JSON with base64url byte fields; the browser wants ArrayBuffers,
    // and the answer goes back as JSON again. Null when the user cancels or no authenticator answers.
    webauthnCreate: async function (optionsJson) {
        const o = webauthn.clean(JSON.parse(optionsJson));
        o.challenge = webauthn.decode(o.challenge);
        o.user.id = webauthn.decode(o.user.id);
        (o.excludeCredentials || []).forEach(c => { c.id = webauthn.decode(c.id); });
        try {
            const c = await navigator.credentials.create({ publicKey: o });
            return JSON.stringify({
                id: c.id, rawId: webauthn.encode(c.rawId), type: c.type,
                response: {
                    attestationObject: webauthn.encode(c.response.attestationObject),
                    clientDataJSON: webauthn.encode(c.response.clientDataJSON),
                    transports: c.response.getTransports ? c.response.getTransports() : []
                },
                clientExtensionResults: c.getClientExtensionResults()
            });
        } catch (e) { return null; }
    },
    webauthnGet: async function (optionsJson) {
        const o = webauthn.clean(JSON.parse(optionsJson));
        o.challenge = webauthn.decode(o.challenge);
        (o.allowCredentials || []).forEach(c => { c.id = webauthn.decode(c.id); });
        try {
            const c = await navigator.credentials.get({ publicKey: o });
            return JSON.stringify({
                id: c.id, rawId: webauthn.encode(c.rawId), type: c.type,
                response: {
                    authenticatorData: webauthn.encode(c.response.authenticatorData),
                    clientDataJSON: webauthn.encode(c.response.clientDataJSON),
                    signature: webauthn.encode(c.response.signature),
                    userHandle: c.response.userHandle ? webauthn.encode(c.response.userHandle) : null
                },
                clientExtensionResults: c.getClientExtensionResults()
            });
        } catch (e) { return null; }
    },
    webauthnAvailable: function () { return !!(window.PublicKeyCredential && navigator.credentials); },
    // A signature pad on a canvas: pointer strokes (finger, pen or mouse); the image is kept as a PNG data URL.
    signaturePad: function (id) {
        const canvas = document.getElementById(id);
        if (!canvas) return;
        const ctx = canvas.getContext('2d');
        ctx.lineWidth = 2; ctx.lineCap = 'round'; ctx.strokeStyle = '#111';
        ctx.clearRect(0, 0, canvas.width, canvas.height);
        canvas.dataset.signed = '';
        let drawing = false;
        const at = e => { const r = canvas.getBoundingClientRect(); return [(e.clientX - r.left) * canvas.width / r.width, (e.clientY - r.top) * canvas.height / r.height]; };
        canvas.onpointerdown = e => { drawing = true; canvas.setPointerCapture(e.pointerId); const [x, y] = at(e); ctx.beginPath(); ctx.moveTo(x, y); };
        canvas.onpointermove = e => { if (!drawing) return; const [x, y] = at(e); ctx.lineTo(x, y); ctx.stroke(); canvas.dataset.signed = '1'; };
        canvas.onpointerup = () => { drawing = false; };
    },
    signatureImage: function (id) {
        const canvas = document.getElementById(id);
        return canvas && canvas.dataset.signed ? canvas.toDataURL('image/png') : null;
    }
};
const webauthn = {
    decode: function (s) {
        const b64 = s.replace(/-/g, '+').replace(/_/g, '/') + '==='.slice((s.length + 3) % 4);
        return Uint8Array.from(atob(b64), ch => ch.charCodeAt(0)).buffer;
    },
    encode: function (buffer) {
        const bytes = new Uint8Array(buffer);
        let s = '';
        for (let i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i]);
        return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
    },
    // Browsers reject null where a dictionary member is optional: drop the nulls.
    clean: function (value) {
        if (Array.isArray(value)) return value.map(webauthn.clean);
        if (value && typeof value === 'object') {
            const out = {};
            for (const [k, v] of Object.entries(value)) if (v !== null && v !== undefined) out[k] = webauthn.clean(v);
            return out;
        }
        return value;
    }
};
if ('serviceWorker' in navigator) {
    navigator.serviceWorker.register('service-worker.js', { updateViaCache: 'none' });
}
