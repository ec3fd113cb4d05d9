/** A refused or failed call, with what was sent and what came back, so that a rule or a bug can be traced. */
export class DemoApiError extends Error {
  constructor(
    readonly method: string,
    readonly path: string,
    readonly status: number,
    readonly answer: unknown,
    readonly sent?: unknown,
  ) {
    super(
      `${method} ${path} answered ${status}: ${JSON.stringify(answer)}` +
        (sent === undefined ? '' : `\n  request body: ${JSON.stringify(sent)}`),
    );
  }
}

/** The public HTTP contract, called the way any client would: JSON over fetch with a bearer token. */
export class DemoApi {
  constructor(private readonly baseUrl: string) {}

  async login(email: string, password: string): Promise<string> {
    const { token } = await this.call<{ token: string }>(
      'POST',
      '/api/auth/login',
      undefined,
      { email, password },
      { email, password: '(hidden)' },
    );
    return token;
  }

  get<T>(token: string, path: string): Promise<T> {
    return this.call<T>('GET', path, token);
  }

  /** `shown` replaces the body in an error message, for bodies that carry a password. */
  post<T = unknown>(token: string, path: string, body: object, shown: object = body): Promise<T> {
    return this.call<T>('POST', path, token, body, shown);
  }

  put<T = unknown>(token: string, path: string, body: object): Promise<T> {
    return this.call<T>('PUT', path, token, body);
  }

  /** `shown` is what an error repeats of the body, so that a password never reaches the output. */
  private async call<T>(
    method: string,
    path: string,
    token: string | undefined,
    body?: object,
    shown: object | undefined = body,
  ): Promise<T> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        accept: 'application/json',
        ...(body ? { 'content-type': 'application/json' } : {}),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await response.text();
    let answer: unknown = text;
    try {
      answer = text ? JSON.parse(text) : undefined;
    } catch {
      // Not JSON: keep the text for the error message.
    }
    if (!response.ok) throw new DemoApiError(method, path, response.status, answer, shown);
    return answer as T;
  }
}
