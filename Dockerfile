# Runtime image for PartnerHub. It does not build the code: run `mvn -DskipTests package` first,
# so that target/partnerhub.jar exists.
#
# Production mode needs PARTNERHUB_DB_URL, PARTNERHUB_DB_ADMIN_URL, PARTNERHUB_REDIS_URL and
# PARTNERHUB_JWT_SECRET (see docs/operations.md); docker-compose.yml sets them.
FROM eclipse-temurin:17-jre

RUN useradd --system --no-create-home --shell /usr/sbin/nologin partnerhub
WORKDIR /app
# conf/config.json is read relative to the working directory.
COPY target/partnerhub.jar /app/partnerhub.jar
COPY conf/ /app/conf/

USER partnerhub
EXPOSE 8080
# Default command: serve. Append `migrate` or `create-organization ...` to `docker run` for the others.
ENTRYPOINT ["java", "-jar", "/app/partnerhub.jar"]
