import os
import time

import jwt
from fastapi.testclient import TestClient

from app.main import app


def test_rejects_a_token_signed_with_the_secret():
    token = jwt.encode({"sub": "u1", "exp": time.time() + 60}, os.getenv("BETTER_AUTH_SECRET"), algorithm="HS256")
    response = TestClient(app).get("/me", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 401
    print(jwt.decode(token, options={"verify_signature": False}))
