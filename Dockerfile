# Production image: builds every workspace, then runs the API, which serves the SPA on one origin.
FROM node:20-bookworm-slim AS build
WORKDIR /app
RUN npm install -g pnpm@12.21.0
COPY . .
RUN pnpm install --frozen-lockfile && pnpm -r --workspace-concurrency=1 run build \
  && pnpm --filter @chat/api deploy --prod --legacy /out

FROM node:20-bookworm-slim
ENV NODE_ENV=production PORT=3000 DATA_DIR=/data WEB_DIST_DIR=/app/web
WORKDIR /app/api
COPY --from=build /out /app/api
COPY --from=build /app/apps/web/dist /app/web
RUN mkdir -p /data && chown node:node /data
USER node
EXPOSE 3000
VOLUME ["/data"]
CMD ["node", "dist/main.js"]
