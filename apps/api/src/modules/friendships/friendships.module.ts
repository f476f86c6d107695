import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { UsersModule } from '../users/users.module.js';
import { FriendRequestEntity } from './entities/friend-request.entity.js';
import { FriendshipEntity } from './entities/friendship.entity.js';
import { FriendshipsController } from './friendships.controller.js';
import { FriendshipsRepository } from './friendships.repository.js';
import { FriendshipsService } from './friendships.service.js';
import { PeopleController } from './people.controller.js';
import { PeopleService } from './people.service.js';

/** Friendships and requests, and people as one user sees another (their `User` shape with the relation). */
@Module({
  imports: [UsersModule, TypeOrmModule.forFeature([FriendRequestEntity, FriendshipEntity])],
  controllers: [FriendshipsController, PeopleController],
  providers: [FriendshipsService, FriendshipsRepository, PeopleService],
  exports: [FriendshipsService, PeopleService],
})
export class FriendshipsModule {}
