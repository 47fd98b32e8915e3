// The project's own lint rules: the boundaries the architecture depends on
// (docs/architecture.md). Plain JavaScript so ESLint loads it without a build.
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');
const rel = (file) => path.relative(root, file).split(path.sep).join('/');
const moduleOf = (file) => /^src\/modules\/([^/]+)\//.exec(rel(file))?.[1] ?? null;
const isRepository = (file) => /(^|\/)([a-z-]+-)?repository\.ts$|\/repository\//.test(rel(file));
const isRouteOrPresenter = (file) => /(^|\/)([a-z-]+-)?routes\.ts$|\/(pages|presenters)\//.test(rel(file));
// A migration beside the capability it serves (src/modules/<m>/<journey>/NNNN-name.ts) is schema, not a query.
const isMigration = (file) => /(^|\/)\d{4}-[a-z0-9-]+\.ts$/.test(rel(file));
const isJobs = (file) => /(^|\/)([a-z-]+-)?jobs\.ts$/.test(rel(file));

function resolved(context, source) {
  if (!source.startsWith('.')) return null;
  return path.resolve(path.dirname(context.filename), source);
}

/** A module reaches another module only through that module's service.ts. */
const moduleBoundaries = {
  meta: {
    type: 'problem',
    docs: { description: 'reach another module only through its service.ts; never the owner connection from a module' },
    schema: [],
    messages: {
      otherModule: "'{{source}}' reaches into module '{{other}}': import its service.ts instead",
      ownerConnection:
        'a module never imports the database connection: it is given the app connection, and only migrations and job runners use the owner',
      repositoryFromRoute:
        "'{{source}}': only a service (or another repository) uses a repository; routes go through the service",
    },
  },
  create(context) {
    const here = moduleOf(context.filename);
    if (!here) return {};
    // A page handler (a file that defines pages, in whatever journey folder) counts as a route.
    const definesPages = context.sourceCode.ast.body.some(
      (node) =>
        node.type === 'ImportDeclaration' &&
        typeof node.source.value === 'string' &&
        /^src\/platform\/pages\//.test(rel(resolved(context, node.source.value) ?? '')),
    );
    const isRoute = definesPages || isRouteOrPresenter(context.filename);
    const check = (node) => {
      const source = node.source?.value;
      if (typeof source !== 'string') return;
      const target = resolved(context, source);
      if (!target) return;
      const targetRel = rel(target);
      if (targetRel === 'src/db/connection.ts') return context.report({ node, messageId: 'ownerConnection' });
      const other = moduleOf(target);
      if (other && other !== here && !/^src\/modules\/[^/]+\/service\.ts$/.test(targetRel)) {
        return context.report({ node, messageId: 'otherModule', data: { source, other } });
      }
      if (other === here && isRepository(target) && isRoute) {
        context.report({ node, messageId: 'repositoryFromRoute', data: { source } });
      }
    };
    return {
      ImportDeclaration: check,
      ExportNamedDeclaration: check,
      ExportAllDeclaration: check,
      ImportExpression: (node) => check({ ...node, source: node.source }),
    };
  },
};

const QUERY_BUILDERS = new Set(['selectFrom', 'insertInto', 'updateTable', 'deleteFrom', 'mergeInto', 'replaceInto']);

/** SQL lives in repositories: each table belongs to one module's repository. */
const sqlInRepositories = {
  meta: {
    type: 'problem',
    docs: { description: 'SQL only in a repository' },
    schema: [],
    messages: { sql: "SQL outside a repository: move this query to the module's repository.ts" },
  },
  create(context) {
    if (
      !moduleOf(context.filename) ||
      isRepository(context.filename) ||
      isMigration(context.filename) ||
      /\.test\.ts$/.test(context.filename)
    )
      return {};
    return {
      CallExpression(node) {
        const callee = node.callee;
        if (
          callee.type === 'MemberExpression' &&
          callee.property.type === 'Identifier' &&
          QUERY_BUILDERS.has(callee.property.name)
        ) {
          context.report({ node, messageId: 'sql' });
        }
      },
      TaggedTemplateExpression(node) {
        if (node.tag.type === 'Identifier' && node.tag.name === 'sql') context.report({ node, messageId: 'sql' });
      },
    };
  },
};

/** The owner connection bypasses row-level security: modules use it only to run their jobs. */
const noOwnerConnection = {
  meta: {
    type: 'problem',
    docs: { description: 'no owner connection in a module outside its job runner' },
    schema: [],
    messages: { owner: "the owner connection bypasses row-level security: only a module's jobs file may use it" },
  },
  create(context) {
    if (!moduleOf(context.filename) || isJobs(context.filename) || /\.test\.ts$/.test(context.filename)) return {};
    return {
      MemberExpression(node) {
        if (node.property.type !== 'Identifier' || node.property.name !== 'owner') return;
        const object = node.object;
        const name =
          object.type === 'Identifier'
            ? object.name
            : object.type === 'MemberExpression' && object.property.type === 'Identifier'
              ? object.property.name
              : null;
        if (name === 'dbs') context.report({ node, messageId: 'owner' });
      },
    };
  },
};

export default {
  rules: {
    'module-boundaries': moduleBoundaries,
    'sql-in-repositories': sqlInRepositories,
    'no-owner-connection': noOwnerConnection,
  },
};
