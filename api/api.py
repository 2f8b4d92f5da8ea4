from ninja import NinjaAPI

api = NinjaAPI(title="Nestling API", version="1", urls_namespace="api")
