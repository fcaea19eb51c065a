// The REST API with the token of this tab. A failed call throws an ApiError with the status and the server's message.
const KEY = 'baton-token';

export class ApiError extends Error {
  constructor(status, message, body) {
    super(message);
    this.status = status;
    this.body = body;
  }
}

/** Takes the token from the URL fragment once, keeps it in sessionStorage, and removes it from the address bar. */
export function takeTokenFromFragment() {
  const hash = new URLSearchParams(location.hash.slice(1));
  if (hash.has('token')) {
    sessionStorage.setItem(KEY, hash.get('token'));
    history.replaceState(null, '', location.pathname + location.search);
  }
}

export const token = () => sessionStorage.getItem(KEY) || '';
export const signIn = (t) => sessionStorage.setItem(KEY, t);
export const signOut = () => sessionStorage.removeItem(KEY);

async function call(method, path, body, type) {
  const headers = { Authorization: 'Bearer ' + token() };
  if (body !== undefined) headers['Content-Type'] = type || 'application/json';
  const res = await fetch(path, { method, headers, body: body === undefined ? undefined : (type ? body : JSON.stringify(body)) });
  const text = await res.text();
  let data = text;
  if ((res.headers.get('Content-Type') || '').includes('json') && text) data = JSON.parse(text);
  if (!res.ok) {
    const message = data && data.error ? data.error : (typeof data === 'string' && data ? data : res.statusText);
    throw new ApiError(res.status, message, data);
  }
  return data;
}

export const get = (path) => call('GET', path);
export const post = (path, body) => call('POST', path, body);
export const putText = (path, text) => call('PUT', path, text, 'text/plain');

/** Downloads a file of the API as the browser's download, named as the server names it. */
export async function download(path, name) {
  const res = await fetch(path, { headers: { Authorization: 'Bearer ' + token() } });
  if (!res.ok) throw new ApiError(res.status, (await res.text()) || res.statusText);
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}
