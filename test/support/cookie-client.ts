/**
 * What a browser does with HTTP, as far as sign-in needs: cookies per host (set, replaced, cleared) and
 * redirects followed across hosts. `fetch` itself keeps no cookies.
 */
export class CookieClient {
  private readonly jar = new Map<string, Map<string, string>>();

  cookie(url: string, name: string): string | undefined {
    return this.jar.get(new URL(url).host)?.get(name);
  }

  async request(url: string, init: { method?: string; body?: string; headers?: Record<string, string> } = {}) {
    const { host } = new URL(url);
    const cookies = [...(this.jar.get(host) ?? new Map()).entries()].map(([k, v]) => `${k}=${v}`).join('; ');
    const response = await fetch(url, {
      method: init.method ?? 'GET',
      body: init.body,
      redirect: 'manual',
      headers: { ...(cookies ? { Cookie: cookies } : {}), ...init.headers },
    });
    const jar = this.jar.get(host) ?? new Map<string, string>();
    this.jar.set(host, jar);
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';').map((part) => part.trim());
      const [name, ...value] = pair.split('=');
      const cleared = attributes.some(
        (a) => /^max-age=0$/i.test(a) || (/^expires=/i.test(a) && Date.parse(a.slice(8)) < Date.now()),
      );
      if (cleared) jar.delete(name);
      else jar.set(name, value.join('='));
    }
    return response;
  }

  /**
   * Follows redirects from `url` until one leads into the single-page app (a `#` route) or a page answers;
   * `onPage` may answer a page with the next request (filling in a form).
   */
  async follow(
    url: string,
    onPage: (url: string, html: string) => { url: string; body: string } | undefined = () => undefined,
  ): Promise<string> {
    let next: { url: string; method?: string; body?: string } = { url };
    for (let hops = 0; hops < 20; hops++) {
      const response = await this.request(next.url, {
        method: next.method,
        body: next.body,
        headers: next.body ? { 'Content-Type': 'application/x-www-form-urlencoded' } : {},
      });
      const location = response.headers.get('location');
      if (location) {
        const target = new URL(location, next.url).href;
        if (target.includes('#')) return target;
        next = { url: target };
        continue;
      }
      const form = onPage(next.url, await response.text());
      if (!form) return next.url;
      next = { url: new URL(form.url, next.url).href, method: 'POST', body: form.body };
    }
    throw new Error('Too many redirects');
  }
}
