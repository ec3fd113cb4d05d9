# The production image on Node 24 LTS: build with the dev toolchain, run with production dependencies only.
FROM node:24-bookworm-slim AS build
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
# Native addons (better-sqlite3) build against the headers this Node image ships, not downloaded ones.
ENV npm_config_nodedir=/usr/local
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY src ./src
COPY events ./events
COPY projections ./projections
RUN npm run build && npm prune --omit=dev

FROM node:24-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production DATA_DIR=/var/lib/sle
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/src/web/public ./src/web/public
COPY package.json ./
RUN mkdir -p /var/lib/sle && chown node:node /var/lib/sle
USER node
EXPOSE 3000
CMD ["node", "dist/src/main.js"]
