import os

APP_URL = os.environ.get("BETTER_AUTH_URL", "http://localhost:3000").rstrip("/")
JWKS_URL = f"{APP_URL}/api/auth/jwks"
ALGORITHMS = ["EdDSA"]
CORS_ORIGINS = os.environ.get("CORS_ORIGINS", APP_URL).split(",")
