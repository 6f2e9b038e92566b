# Minimal FastAPI app around the generated auth package (copied in as main.py).
from fastapi import Depends, FastAPI

from app.auth import CurrentUser, add_auth_cors, enforce_user_access, get_current_user

app = FastAPI()
add_auth_cors(app)


@app.get("/me")
def me(user: CurrentUser = Depends(get_current_user)) -> dict:
    return {"id": user.id, "email": user.email}


@app.get("/users/{user_id}")
def one_user(user_id: str, user: CurrentUser = Depends(get_current_user)) -> dict:
    enforce_user_access(user_id, user)
    return {"id": user.id}
