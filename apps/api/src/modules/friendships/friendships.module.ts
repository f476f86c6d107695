import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { UsersModule } from '../users/users.module.js';
import { FriendRequestEntity } from './entities/friend-request.entity.js';
import { FriendshipEntity } from './entities/friendship.entity.js';
import { FriendshipsController } from './friendships.controller.js';
import { FriendshipsService } from './friendships.service.js';

@Module({
  imports: [UsersModule, TypeOrmModule.forFeature([FriendRequestEntity, FriendshipEntity])],
  controllers: [FriendshipsController],
  providers: [FriendshipsService],
  exports: [FriendshipsService],
})
export class FriendshipsModule {}
