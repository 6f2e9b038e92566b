// Minimal NestJS app around the generated guard (copied in as src/main.ts).
import "reflect-metadata";

import { Controller, Get, Module, Param, UseGuards } from "@nestjs/common";
import { NestFactory } from "@nestjs/core";

import { authCorsOptions } from "./auth/cors.js";
import { CurrentUser } from "./auth/current-user.decorator.js";
import { JwtAuthGuard, enforceUserAccess, type AuthUser } from "./auth/jwt-auth.guard.js";

@Controller()
class UsersController {
  @Get("me")
  @UseGuards(JwtAuthGuard)
  me(@CurrentUser() user: AuthUser) {
    return { id: user.id, email: user.email };
  }

  @Get("users/:userId")
  @UseGuards(JwtAuthGuard)
  one(@Param("userId") userId: string, @CurrentUser() user: AuthUser) {
    enforceUserAccess(userId, user);
    return { id: user.id };
  }
}

@Module({ controllers: [UsersController] })
class AppModule {}

const app = await NestFactory.create(AppModule, { logger: false });
app.enableCors(authCorsOptions());
await app.listen(Number(process.env.PORT), "127.0.0.1");
console.log("ready");
