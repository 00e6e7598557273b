# `make check-deploy`: the deployment files are consistent and valid, offline.
# - helm/jobs.yaml is what `processors deploy helm-values` derives from topics.yaml;
# - the chart lints clean and renders with its defaults, with
#   deploy/values-production.yaml and with KEDA off (HPA fallback), and every
#   rendered manifest matches the Kubernetes schemas (KEDA's from deploy/schemas);
# - docker-compose.yml matches the Compose specification;
# - the Dockerfile passes dockerfile-utils' lint and the unit tests of its rules.
# Helm is built from its Go module and dockerfile-utils installed from npm, once,
# under .tools/ (git-ignored); later runs take a few seconds.
# Included by the Makefile, which defines BIN and the venv target.

HELM_VERSION := v4.3.2
HELM := .tools/helm-$(HELM_VERSION)/helm
DOCKERFILE_UTILS_VERSION := 0.16.3
DOCKERFILE_UTILS := .tools/dockerfile-utils-$(DOCKERFILE_UTILS_VERSION)/node_modules/.bin/dockerfile-utils
KUBERNETES_VERSION ?= 1.31
DEPLOY_RENDERS := build/deploy
HELM_RELEASE := processors

.PHONY: check-deploy

$(HELM):
	GOBIN=$(CURDIR)/$(dir $(HELM)) go install helm.sh/helm/v4/cmd/helm@$(HELM_VERSION)

$(DOCKERFILE_UTILS):
	npm install --silent --no-audit --no-fund \
		--prefix .tools/dockerfile-utils-$(DOCKERFILE_UTILS_VERSION) \
		dockerfile-utils@$(DOCKERFILE_UTILS_VERSION)

check-deploy: venv $(HELM) $(DOCKERFILE_UTILS)
	$(BIN)/processors deploy helm-values --check --output helm/jobs.yaml
	$(HELM) lint --strict helm
	$(HELM) lint --strict helm -f deploy/values-production.yaml
	mkdir -p $(DEPLOY_RENDERS)
	$(HELM) template $(HELM_RELEASE) helm > $(DEPLOY_RENDERS)/default.yaml
	$(HELM) template $(HELM_RELEASE) helm -f deploy/values-production.yaml \
		> $(DEPLOY_RENDERS)/production.yaml
	$(HELM) template $(HELM_RELEASE) helm --set workers.autoscaling.keda.enabled=false \
		> $(DEPLOY_RENDERS)/hpa.yaml
	$(BIN)/processors deploy check-manifests --kubernetes-version $(KUBERNETES_VERSION) \
		$(DEPLOY_RENDERS)/default.yaml $(DEPLOY_RENDERS)/production.yaml \
		$(DEPLOY_RENDERS)/hpa.yaml
	$(BIN)/check-jsonschema --builtin-schema vendor.compose-spec docker-compose.yml
	$(DOCKERFILE_UTILS) lint Dockerfile
	HELM=$(CURDIR)/$(HELM) $(BIN)/pytest -q -p no:cacheprovider tests/unit/deploy
