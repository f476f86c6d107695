import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { UsersModule } from '../users/users.module.js';
import { BlocksController } from './blocks.controller.js';
import { BlocksService } from './blocks.service.js';
import { FriendRequestEntity } from './entities/friend-request.entity.js';
import { FriendshipEntity } from './entities/friendship.entity.js';
import { UserBlockEntity } from './entities/user-block.entity.js';
import { FriendshipsController } from './friendships.controller.js';
import { FriendshipsRepository } from './friendships.repository.js';
import { FriendshipsService } from './friendships.service.js';
import { PeopleController } from './people.controller.js';
import { PeopleService } from './people.service.js';

/** Friendships and requests, blocks, and people as one user sees another (their `User` shape with the relation). */
@Module({
  imports: [UsersModule, TypeOrmModule.forFeature([FriendRequestEntity, FriendshipEntity, UserBlockEntity])],
  controllers: [FriendshipsController, BlocksController, PeopleController],
  providers: [FriendshipsService, FriendshipsRepository, PeopleService, BlocksService],
  exports: [FriendshipsService, PeopleService, BlocksService],
})
export class FriendshipsModule {}
