# syntax=docker/dockerfile:1
# Build: compile TypeScript, bundle the embed script, keep production dependencies only.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY scripts ./scripts
COPY src ./src
RUN npm run build && npm prune --omit=dev

# Run: a small image, non-root, no build tools.
FROM node:20-bookworm-slim
ENV NODE_ENV=production PORT=8787 HOST=0.0.0.0
# glibc malloc: blocks of 128 KiB or more (the index's typed arrays, a start-up's buffers) are mapped on their
# own and go back to the system when freed, and threads share two arenas: 30–50 MB less RSS with 100k
# headlines (bench/RESULTS.md). `npm run bench` runs the service with these.
ENV MALLOC_ARENA_MAX=2 MALLOC_MMAP_THRESHOLD_=131072
WORKDIR /app
COPY --from=build --chown=node:node /app/package.json ./
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/dist ./dist
USER node
EXPOSE 8787
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||8787)+'/ready').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"
STOPSIGNAL SIGTERM
CMD ["node", "dist/main.js"]
