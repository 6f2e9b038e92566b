from fastapi import Depends, FastAPI
from fastapi.middleware.cors import CORSMiddleware

from .auth import verify
from .config import CORS_ORIGINS

app = FastAPI()
app.add_middleware(CORSMiddleware, allow_origins=CORS_ORIGINS, allow_credentials=True, allow_methods=["*"], allow_headers=["*"])


@app.get("/me")
def me(claims: dict = Depends(verify)) -> dict:
    return {"id": claims["sub"], "email": claims.get("email")}
