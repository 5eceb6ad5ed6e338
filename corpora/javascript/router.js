'use strict';

/**
 * A tiny HTTP router: register handlers for method + path patterns such as
 * `/users/:id/posts/:postId`, then dispatch incoming requests to them.
 */

const PARAM_PATTERN = /:([A-Za-z_][A-Za-z0-9_]*)/g;
const TRAILING_SLASH = /\/+$/;

const STATUS_TEXT = {
  200: 'OK',
  404: 'Not Found',
  405: 'Method Not Allowed',
  500: 'Internal Server Error',
};

const compilePath = (path) => {
  const names = [];
  const source = path
    .replace(TRAILING_SLASH, '')
    .replace(PARAM_PATTERN, (_, name) => {
      names.push(name);
      return '([^/]+)';
    });
  return { regex: new RegExp(`^${source || ''}/?$`), names };
};

class Router {
  constructor({ prefix = '' } = {}) {
    this.prefix = prefix.replace(TRAILING_SLASH, '');
    this.routes = [];
    this.middleware = [];
  }

  use(fn) {
    this.middleware.push(fn);
    return this;
  }

  on(method, path, handler) {
    const { regex, names } = compilePath(this.prefix + path);
    this.routes.push({ method: method.toUpperCase(), regex, names, handler });
    return this;
  }

  get(path, handler) {
    return this.on('GET', path, handler);
  }

  post(path, handler) {
    return this.on('POST', path, handler);
  }

  match(method, url) {
    const [pathname] = url.split('?');
    let pathMatched = false;
    for (const route of this.routes) {
      const found = route.regex.exec(pathname);
      if (!found) continue;
      pathMatched = true;
      if (route.method !== method) continue;
      const params = Object.fromEntries(
        route.names.map((name, i) => [name, decodeURIComponent(found[i + 1])]),
      );
      return { route, params };
    }
    return { status: pathMatched ? 405 : 404 };
  }

  async dispatch(request) {
    const { method, url } = request;
    const result = this.match(method, url);
    if (!result.route) {
      return respond(result.status, `${STATUS_TEXT[result.status]}: ${method} ${url}`);
    }
    const context = { ...request, params: result.params };
    try {
      for (const fn of this.middleware) {
        await fn(context);
      }
      const body = await result.route.handler(context);
      return respond(200, body);
    } catch (err) {
      console.error(`handler for ${method} ${url} failed:`, err);
      return respond(500, STATUS_TEXT[500]);
    }
  }
}

const respond = (status, body) => ({
  status,
  headers: { 'content-type': typeof body === 'string' ? 'text/plain; charset=utf-8' : 'application/json' },
  body: typeof body === 'string' ? body : JSON.stringify(body),
});

const router = new Router({ prefix: '/api' })
  .use(async (ctx) => { ctx.startedAt = Date.now(); })
  .get('/users/:id', ({ params }) => ({ id: Number(params.id), name: 'Zoë' }))
  .get('/greet/:name', ({ params }) => `Grüße, ${params.name}! 👋`)
  .post('/users', () => ({ created: true }));

(async () => {
  for (const [method, url] of [['GET', '/api/users/42'], ['GET', '/api/greet/J%C3%BCrgen'], ['DELETE', '/api/users']]) {
    const res = await router.dispatch({ method, url });
    console.log(res.status, res.body);
  }
})();

module.exports = { Router, compilePath };
